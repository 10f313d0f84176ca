"""State machines (AG7xx): the states of each graph, their transitions, fields, errors and integrations."""
