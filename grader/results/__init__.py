"""What every stage produces: frozen results, the messages in them, and their catalog."""
