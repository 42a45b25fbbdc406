"""规划任务: the plan's tasks, their milestones and the departments' quarterly progress reports."""
