"""Members' pages, one module per area: directory & profile, invitations & access, coordination."""
