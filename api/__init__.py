"""REST API v1 for tablets and integrations: built in issue 6."""
