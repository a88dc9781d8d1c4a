"""The web application: one blueprint per area, thin views over the services."""
