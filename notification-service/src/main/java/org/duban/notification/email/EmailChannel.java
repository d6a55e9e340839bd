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
        MimeMessage message = new MimeMessage(session);
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
            if (sockets.cutOff) {
                throw new MessagingException("SMTP send cut off after " + config.smtp().timeout(), e);
            }
            throw e;
        } finally {
            cutOff.cancel(false);
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

    /** Creates the send's plain sockets and remembers them, so the watchdog can close them at the deadline. */
    private static final class Recorder extends SocketFactory {
        private final java.util.List<Socket> sockets = new java.util.ArrayList<>();
        volatile boolean cutOff;

        @Override
        public synchronized Socket createSocket() {
            Socket s = new Socket();
            sockets.add(s);
            return s;
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
}
