"""Messaging rules (AG120-AG139): queues, topics, event sources, bucket notifications and destinations."""
