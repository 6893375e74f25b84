"""Provisioning: tenants, channels and agents from a JSON file (`make provision FILE=…`).

`provisioning_apply` / `provisioning_apply_file` validate the whole document (schema, then
whole-file and database rules) and only then write it, in one transaction. See
`services.py` for the guarantees, `schema.py` for the format.
"""

from multichat.tenants.provisioning.report import Login, ProvisionReport
from multichat.tenants.provisioning.services import provisioning_apply, provisioning_apply_file

__all__ = ["Login", "ProvisionReport", "provisioning_apply", "provisioning_apply_file"]
