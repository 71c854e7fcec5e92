"""ockg: the Organized Crime Knowledge Graph."""
