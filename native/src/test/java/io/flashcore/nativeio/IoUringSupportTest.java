package io.flashcore.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class IoUringSupportTest {

    @Test
    void availabilityAndReasonAgree() {
        assertEquals(IoUringSupport.isAvailable(), IoUringSupport.unavailableReason().isEmpty());
        IoUringSupport.unavailableReason().ifPresent(r -> assertFalse(r.isBlank()));
    }
}
