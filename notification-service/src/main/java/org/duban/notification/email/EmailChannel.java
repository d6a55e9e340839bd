package org.duban.notification.email;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.duban.notification.config.NotificationConfig;
import org.duban.notification.delivery.Channel;
import org.duban.notification.recipient.Recipients;

/**
 * Email over SMTP with Jakarta Mail (Angus): one connection per message (connect, EHLO, MAIL, RCPT, DATA, QUIT),
 * every socket read and write bounded by {@code duban.notification.smtp.timeout}, and the whole send cut off at that
 * same bound by closing its socket. {@link #send} returns only once the server answered 250 to the message, so a
 * delivery is SENT only when it really was.
 *
 * <p>Why not quarkus-mailer: its Vert.x mail client (vertx-mail-client 4.5) keeps an SMTP connection pool whose
 * endpoint disposes itself when its last connection closes (idle eviction, a server's idle timeout, a failed send,
 * a refused connection); a send that asks for a connection in that moment gets the disposed endpoint, whose
 * {@code getConnection} answers false, which {@code SMTPConnectionPool} ignores: the send's future never completes,
 * quarkus-mailer's blocking wait ends in a {@code TimeoutException} after {@code quarkus.mailer.timeout}, and the
 * lost send still holds nothing that could ever complete it. That was the flaky {@code TwoDispatchersTest} /
 * {@code SeedImportTest} (seen in a stress run: with keep-alive off, where the endpoint disposes after every mail,
 * 128 of 600 sends hung). It also has no read timeout, so a silent server holds a send for ever, which the dispatcher's
 * lease cannot allow. No pool here: a new connection per message costs a TCP and EHLO round trip (about a millisecond
 * on a LAN), no idle connection can be closed under us, and a send's longest duration is known
 * ({@link #maxDuration()}).
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    @Inject
    NotificationConfig config;

    private InternetAddress from;
    private ScheduledExecutorService watchdog;

    @PostConstruct
    void start() {
        try {
            from = new InternetAddress(config.smtp().from(), true);
        } catch (MessagingException e) {
            throw new IllegalStateException("duban.notification.smtp.from is not a mail address: " + config.smtp().from(), e);
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smtp-send-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }

    @Override
    public String name() {
        return Recipients.EMAIL;
    }

    @Override
    public Duration maxDuration() {
        return config.smtp().timeout();
    }

    @Override
    public void send(Outgoing outgoing) throws Exception {
        Recorder sockets = new Recorder();
        Session session = Session.getInstance(properties(sockets));
        MimeMessage message = new Identified(session, messageId(outgoing.deliveryId()));
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(outgoing.recipient(), true));
        message.setSubject(outgoing.notice().subject(), StandardCharsets.UTF_8.name());
        message.setText(outgoing.notice().text(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("X-Duban-Delivery", outgoing.deliveryId().toString());
        message.setHeader("X-Duban-Event", outgoing.eventId().toString());
        // a whole send is bounded, not only each read: a server dripping one byte per read timeout cannot hold it
        ScheduledFuture<?> cutOff = watchdog.schedule(sockets::closeAll, config.smtp().timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (config.smtp().username().isPresent()) {
                Transport.send(message, config.smtp().username().get(), config.smtp().password().orElse(""));
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            MessagingException failure = sockets.cutOff ? new MessagingException("SMTP send cut off after " + config.smtp().timeout(), e) : e;
            if (sockets.dataEnded() && !replied(e)) {
                // the server has the whole message and did not say 250 in time: it may have queued it
                throw new InDoubt("the whole message was sent and the server gave no answer in time; it may have it", failure);
            }
            throw failure;
        } finally {
            cutOff.cancel(false);
        }
    }

    /**
     * The Message-ID of a delivery's mail: the same for every attempt (derived from the delivery id), so a mail store
     * or a reader can drop the copy an in-doubt attempt may have left (RFC 5322 3.6.4: a message and its resend).
     */
    String messageId(java.util.UUID deliveryId) {
        String address = from.getAddress();
        String domain = address == null || address.indexOf('@') < 0 ? "duban.local" : address.substring(address.indexOf('@') + 1);
        return "<" + deliveryId + ".notice@" + domain + ">";
    }

    /** Whether the server answered with a reply code (a refusal): then nothing is in doubt. */
    private static boolean replied(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int code = t instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException f ? f.getReturnCode()
                    : t instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException a ? a.getReturnCode()
                    : t instanceof org.eclipse.angus.mail.smtp.SMTPSenderFailedException s ? s.getReturnCode() : 0;
            if (code > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean inDoubt(Exception failure) {
        return failure instanceof InDoubt;
    }

    /** A send that failed after the end of its DATA: the server may have accepted the message. */
    static final class InDoubt extends MessagingException {
        InDoubt(String message, Exception cause) {
            super(message, cause);
        }
    }

    /** A message whose Message-ID is given, not made up at each send (Jakarta Mail's default is random). */
    private static final class Identified extends MimeMessage {
        private final String id;

        Identified(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    /** SMTP 5xx (a rejected sender, recipient or message) or an address that is not one; the rest is transient. */
    @Override
    public boolean permanent(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.mail.internet.AddressException) {
                return true;
            }
            int code = t instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException f ? f.getReturnCode()
                    : t instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException a ? a.getReturnCode()
                    : t instanceof org.eclipse.angus.mail.smtp.SMTPSenderFailedException s ? s.getReturnCode() : 0;
            if (code >= 500) {
                return true;
            }
            if (t instanceof jakarta.mail.SendFailedException sf && sf.getNextException() != null && sf.getNextException() != t) {
                // Angus wraps the per-address refusals in the SendFailedException's chain of next exceptions
                if (permanent(sf.getNextException())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Properties properties(SocketFactory sockets) {
        NotificationConfig.Smtp smtp = config.smtp();
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.connectiontimeout", Long.toString(smtp.connectTimeout().toMillis()));
        p.put("mail.smtp.timeout", Long.toString(smtp.timeout().toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(smtp.timeout().toMillis()));
        p.put("mail.smtp.auth", Boolean.toString(smtp.username().isPresent()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
        smtp.ownHostName().ifPresent(h -> p.put("mail.smtp.localhost", h));
        p.put("mail.smtp.socketFactory", sockets);
        p.put("mail.smtp.socketFactory.fallback", "false");
        return p;
    }

    /**
     * Creates the send's plain sockets and remembers them, so the watchdog can close them at the deadline, and sees
     * whether the end of the message's data ({@code CRLF.CRLF}) was written: after it a failure is in doubt.
     */
    private static final class Recorder extends SocketFactory {
        private final java.util.List<Watched> sockets = new java.util.ArrayList<>();
        volatile boolean cutOff;

        @Override
        public synchronized Socket createSocket() {
            Watched s = new Watched();
            sockets.add(s);
            return s;
        }

        synchronized boolean dataEnded() {
            return sockets.stream().anyMatch(s -> s.dataEnded);
        }

        synchronized void closeAll() {
            cutOff = true;
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all we want
                }
            }
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return createSocket(host.getHostAddress(), port);
        }

        @Override
        public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort)
                throws IOException {
            return createSocket(address.getHostAddress(), port);
        }
    }

    /**
     * A socket that watches what is written for the end of a message's data, {@code CRLF.CRLF} (SMTP dot-stuffs every
     * line of the message that starts with a dot, so the sequence appears only there). Hand-written: Jakarta Mail does
     * not tell how far a failed send got.
     */
    private static final class Watched extends Socket {
        volatile boolean dataEnded;
        private java.io.OutputStream out;

        @Override
        public synchronized java.io.OutputStream getOutputStream() throws IOException {
            if (out == null) {
                java.io.OutputStream raw = super.getOutputStream();
                out = new java.io.FilterOutputStream(raw) {
                    private int last; // the last four bytes written, one per byte of the int

                    @Override
                    public void write(int b) throws IOException {
                        raw.write(b);
                        see(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        raw.write(b, off, len);
                        for (int i = off; i < off + len; i++) {
                            see(b[i]);
                        }
                    }

                    private void see(int b) {
                        // CR LF . CR then LF
                        if ((b & 0xff) == '\n' && last == (('\r' << 24) | ('\n' << 16) | ('.' << 8) | '\r')) {
                            dataEnded = true;
                        }
                        last = (last << 8) | (b & 0xff);
                    }
                };
            }
            return out;
        }
    }
}
