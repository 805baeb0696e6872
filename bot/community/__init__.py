"""Per-community settings: what a server's or workspace's admins change without a restart."""
