"""APIs (AG6xx): API Gateway v2 HTTP and WebSocket APIs, their stages, routes and integrations."""
