"""安全生产形势分析报告 (issue 8 item 7): `data` gathers the period's numbers, `pdf` and `xlsx` render them,
`archive` generates, stores and schedules them."""
