"""The database: Django models for the register and bulk loading of what sources/ produced."""
