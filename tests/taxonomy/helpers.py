"""Reading forms the way a browser would, so tests post what the page rendered."""

import lxml.html


def rendered_form(response, field_name):
    html = lxml.html.fromstring(response.content.decode())
    return html.xpath(f'//form[.//*[@name="{field_name}"]]')[0]


def form_data(response, field_name):
    """The values the browser would post for the form holding ``field_name``."""
    return dict(rendered_form(response, field_name).form_values())


def texts(response, xpath):
    html = lxml.html.fromstring(response.content.decode())
    return [" ".join(element.text_content().split()) for element in html.xpath(xpath)]
