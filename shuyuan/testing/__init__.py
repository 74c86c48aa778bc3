"""Test factories: small helpers with sensible defaults, one module per domain."""
