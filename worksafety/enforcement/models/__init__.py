"""The enforcement app's models, one module per domain: inspectors, annual plans and 双随机 draws, credit and
third-party services first; inspections, documents and penalty cases join as modules of their own."""
