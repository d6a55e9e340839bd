package org.duban.notification.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real, slow SMTP server: it speaks enough SMTP for Jakarta Mail (greeting, EHLO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT) and answers the end of each message only {@code delay} after it has received it. It counts every message it
 * received by its {@code X-Duban-Delivery} header, at the moment the data ended (the server has it then, whatever the
 * client does next), so a message sent twice shows as 2. Hand-written because GreenMail cannot delay an answer.
 */
public class SlowMailServer implements QuarkusTestResourceLifecycleManager {

    public static final Duration DELAY = Duration.ofMillis(600);

    private static final Map<String, AtomicInteger> RECEIVED = new ConcurrentHashMap<>();
    /** The Message-ID of each copy received, per delivery. */
    private static final Map<String, java.util.List<String>> MESSAGE_IDS = new ConcurrentHashMap<>();
    /** The answer's delay; a test may change it (and must set it back to {@link #DELAY}). */
    public static volatile Duration delay = DELAY;
    private static volatile ServerSocket server;
    private static final ExecutorService CONNECTIONS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slow-smtp");
        t.setDaemon(true);
        return t;
    });
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slow-smtp-answers");
        t.setDaemon(true);
        return t;
    });

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            CONNECTIONS.execute(SlowMailServer::accept);
        }
        return Map.of("duban.notification.smtp.host", "127.0.0.1", "duban.notification.smtp.port",
                Integer.toString(server.getLocalPort()));
    }

    @Override
    public void stop() {
        // lives for the JVM, like MailServer
    }

    /** How many times the server received the message of this delivery. */
    public static int received(String deliveryId) {
        AtomicInteger n = RECEIVED.get(deliveryId);
        return n == null ? 0 : n.get();
    }

    /** The Message-ID header of each copy of this delivery's message the server received, in order. */
    public static java.util.List<String> messageIds(String deliveryId) {
        return java.util.List.copyOf(MESSAGE_IDS.getOrDefault(deliveryId, java.util.List.of()));
    }

    public static Map<String, AtomicInteger> all() {
        return RECEIVED;
    }

    private static void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                CONNECTIONS.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            answer(out, "220 slow.test ESMTP");
            for (String line; (line = in.readLine()) != null;) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO", "HELO" -> answer(out, "250 slow.test");
                    case "DATA" -> {
                        answer(out, "354 end data with <CR><LF>.<CR><LF>");
                        String delivery = null;
                        String messageId = null;
                        for (String data; (data = in.readLine()) != null && !data.equals(".");) {
                            if (delivery == null && data.regionMatches(true, 0, "X-Duban-Delivery:", 0, 17)) {
                                delivery = data.substring(17).trim();
                            }
                            if (messageId == null && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                messageId = data.substring(11).trim();
                            }
                        }
                        MESSAGE_IDS.computeIfAbsent(String.valueOf(delivery), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(String.valueOf(messageId));
                        RECEIVED.computeIfAbsent(String.valueOf(delivery), k -> new AtomicInteger()).incrementAndGet();
                        // the slow part: the answer to the message comes DELAY later (a scheduled write, not a sleep)
                        LATER.schedule(() -> {
                            answer(out, "250 2.0.0 queued");
                            return null;
                        }, delay.toMillis(), TimeUnit.MILLISECONDS).get();
                    }
                    case "QUIT" -> {
                        answer(out, "221 bye");
                        return;
                    }
                    default -> answer(out, "250 OK");
                }
            }
        } catch (Exception e) {
            // the client went away or cut the send off: nothing to do
        }
    }

    private static void answer(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
