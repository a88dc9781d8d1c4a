"""Reply clocks on the web: the list, a clock with its replies and the reply form, the rules
(admins), and the template helpers the dashboard, demand, resolution and actor pages include."""
