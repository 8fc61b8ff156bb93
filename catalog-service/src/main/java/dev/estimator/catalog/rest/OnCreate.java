package dev.estimator.catalog.rest;

import jakarta.validation.groups.Default;

/** Validation group of a POST body: everything a PUT body needs, and the id, which a PUT takes from the path. */
public interface OnCreate extends Default {
}
