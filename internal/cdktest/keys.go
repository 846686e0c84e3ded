package cdktest

// SshRsaPublicKey is a well-formed 2048-bit OpenSSH RSA public key, for tests
// of the settings and props that take one. Only its public half exists.
const SshRsaPublicKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCqRduGhAvd57umDw05C3FxPX9wrKeiCvtrZvMMeD6X2tuO6Zq+WVf/tXy6KmvMHCErhYPI/P8IaGKLMZCZcslKqFwzwY7PcPAXmWLcCX9o8wC1PHXCq91JOst7qG6Dx30kkXqS6YYLKvkzwFjRSgy1s5DTXRzmbpFsyKMKYDDcw8cbfnp97ooA3VrJ3rd90k4653EwBgR8mbIgJx07yHymdBxvEhK/2BZaEKrXz1sOVpsAlqceTWPm+qON3fj/iFzNehwGnTIR4YY9cQMyTUPzOYLe3OVQCvRPYM2hdfKi4CJ6gvXiaoc7ryBFlSB3+qBopnxx3Bid/FXcPzkKI7cV deploy@laptop"

// SshRsaPublicKey1024 is a well-formed RSA public key too short for IAM.
const SshRsaPublicKey1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC/ZnRD1FBCV9p8eKEjflXYTHrNZrZJYHIh639dlo42S5LTJrHgfE4X/UZ6pROe+xVr4rp7d63ZR/oZ5G/uO+miRaHY46mGz8rKoRdnv68TkCs/3MQJQ7nv+n6ZBg9BxIzsSAoZ9hp6n1RDLbVaCf4PELbqoDsuoAsjJiwNkUI+hQ== small"
