package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ListenQueuesTest {

    private static final String TABLE = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F40 00000000:0000 0A 00000000:0000002A 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
               1: 0100007F:1F41 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 100 0 0 10 0
               2: 0100007F:1F40 0100007F:9C40 01 00000000:000000FF 00:00000000 00000000  1000        0 4444 1 0000000000000000 20 4 30 10 -1
               3: 0100007F:1F42 00000000:0000 0A 00000000:00000005 00:00000000 00000000  1000        0 9999 1 0000000000000000 100 0 0 10 0
            """;

    @Test
    void readsTheAcceptQueueOfListeningSocketsFoundByInode() {
        Map<Long, Integer> byInode = Map.of(4242L, 7, 4343L, 8, 4444L, 9);
        Map<Integer, Long> lengths = new HashMap<>();
        ListenQueues.parse(ByteBuffer.wrap(TABLE.getBytes(StandardCharsets.US_ASCII)), byInode, lengths);
        // fd 9's inode is an established connection (st 01), not a listener; inode 9999 is not ours
        assertEquals(Map.of(7, 42L, 8, 0L), lengths);
    }

    @Test
    void aTruncatedRowIsSkipped() {
        Map<Integer, Long> lengths = new HashMap<>();
        ListenQueues.parse(ByteBuffer.wrap("   0: 0100007F:1F40 00000000:0000 0A 00000000:0000002A".getBytes(StandardCharsets.US_ASCII)),
                Map.of(4242L, 7), lengths);
        assertEquals(Map.of(), lengths);
    }
}
