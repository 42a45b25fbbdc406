"""目标责任考核: the yearly assessment of the departments and streets, its scoring and its published results."""
