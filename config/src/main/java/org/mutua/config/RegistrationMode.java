package org.mutua.config;

/** Who may create an account on the node. */
public enum RegistrationMode { OPEN, APPROVAL, INVITE }
