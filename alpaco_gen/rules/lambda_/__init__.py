"""Rules about Lambda functions (AG2xx): environment, limits, runtimes, names and log retention."""
