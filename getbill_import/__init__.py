"""getbill-import: overdue invoices from any ERP export into debt-collection cases."""

__version__ = "0.1.0"
