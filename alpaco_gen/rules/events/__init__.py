"""Rules about schedules, event rules and buses (EventBridge and EventBridge Scheduler)."""
