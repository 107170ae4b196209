package dev.jgu.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionInputTest {

    @Test
    void smallRequestsKeepTheSmallBuffer() throws Exception {
        String head = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
        ConnectionInput input = new ConnectionInput(new MemoryTransport(head, head, head));
        for (int i = 0; i < 3; i++) {
            assertTrue(input.fill());
            assertEquals(head.length(), input.buffer.remaining());
            input.buffer.position(input.buffer.limit());
        }
        assertEquals(ConnectionInput.INITIAL_CAPACITY, input.buffer.capacity());
        assertFalse(input.fill(), "end of stream");
    }

    @Test
    void aReadThatFillsTheBufferGrowsItAndKeepsTheUnconsumedBytesInOrder() throws Exception {
        byte[] sent = new byte[40_000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 31 + i / 251);
        }
        ConnectionInput input = new ConnectionInput(new MemoryTransport(sent));
        ByteArrayOutputStream got = new ByteArrayOutputStream();

        assertTrue(input.fill());
        assertEquals(ConnectionInput.INITIAL_CAPACITY, input.buffer.remaining(), "the first read fills the small buffer");
        consume(input, 100, got);
        assertTrue(input.fill());
        assertEquals(ConnectionInput.CAPACITY, input.buffer.capacity(), "grown after a read filled it");
        assertEquals(ConnectionInput.CAPACITY, input.buffer.remaining(), "the unconsumed bytes plus a full read");
        while (got.size() < sent.length) {
            // refill with part of the buffer still unconsumed, as a body decoder does
            if (input.buffer.remaining() < 5000 && got.size() + input.buffer.remaining() < sent.length) {
                assertTrue(input.fill());
            }
            consume(input, Math.min(input.buffer.remaining(), 5000), got);
        }
        assertArrayEquals(sent, got.toByteArray());
        assertEquals(ConnectionInput.CAPACITY, input.buffer.capacity(), "grows once, to the cap");
    }

    @Test
    void aBufferFullOfUnconsumedInputIsABug() throws Exception {
        ConnectionInput input = new ConnectionInput(new MemoryTransport(new byte[3 * ConnectionInput.INITIAL_CAPACITY]));
        assertTrue(input.fill());
        IllegalStateException e = assertThrows(IllegalStateException.class, input::fill);
        assertTrue(e.getMessage().contains("unconsumed"), e.getMessage());
    }

    private static void consume(ConnectionInput input, int n, ByteArrayOutputStream to) {
        byte[] b = new byte[n];
        input.buffer.get(b);
        to.writeBytes(b);
    }
}
