"""What every stage produces: frozen results, the messages in them, their catalog, and how a number, a shape, a
relation and a counterexample are written (`formatting`)."""
