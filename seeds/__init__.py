"""Site definitions: one TOML file per site. Data, not code; this file only makes the folder installable."""
