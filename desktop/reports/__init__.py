"""Office reports as documents: a plain table model (``model``) rendered to PDF, XLSX and CSV.

The numbers are computed by ``desktop.services.reports`` (from the running totals, once); this
package only lays them out, so every format shows exactly the same figures.
"""
