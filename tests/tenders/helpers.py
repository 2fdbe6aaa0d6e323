"""Post back what a page rendered, as a browser would."""

from django.urls import reverse


def post_data(form, *formsets):
    """Every field's current value of the form and its formsets."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = str(value)
    for formset in formsets:
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for sub in formset.forms:
            for bound in sub:
                value = bound.value()
                if value not in (None, ""):
                    data[bound.html_name] = str(value) if not isinstance(value, bool) else "on"
    return data


def edit_page_data(client, tender):
    response = client.get(reverse("tenders:edit", args=[tender.pk]))
    assert response.status_code == 200
    return post_data(response.context["form"], *response.context["formsets"].values())
