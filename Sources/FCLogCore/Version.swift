/// fclog's version, as `fclog --version` prints it and exports name their producer.
public let fclogVersion = "0.1.0"
