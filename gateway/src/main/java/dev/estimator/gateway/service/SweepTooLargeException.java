package dev.estimator.gateway.service;

/**
 * A sweep whose members, all told, would be larger than {@code gateway.sweeps.max-expanded-bytes}: refused before any
 * member is made. The REST layer answers 422 naming {@code vary}.
 */
public class SweepTooLargeException extends RuntimeException {

    public SweepTooLargeException(long members, long bytesPerMember, long maxBytes) {
        super("The sweep would expand to " + members + " members of about " + bytesPerMember + " bytes each ("
                + members * bytesPerMember + " bytes in all); a sweep may expand to at most " + maxBytes
                + " bytes. Vary fewer values, or make the base smaller.", null, false, false);
    }
}
