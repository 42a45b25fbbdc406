"""生产安全事故: the register, its reports up the chain, 续报 and corrections, and the investigation."""
