"""安全生产形势分析报告 (issue 8 item 7) and the plan's 中期/终期评估: `data` gathers a period's numbers (`evaluation`
the plan's), `pdf` and `xlsx` render them, `archive` generates, stores and schedules them; `views` and `api`
serve the archive."""
