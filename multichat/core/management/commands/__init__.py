"""`manage.py` commands of the core app; Django discovers every module in this package."""
