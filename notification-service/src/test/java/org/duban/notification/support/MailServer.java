package org.duban.notification.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server in-process (GreenMail) on a free port, given to the service as its SMTP server (duban.notification.smtp.*). Tests read what it received;
 * {@link #stopServer()} / {@link #startServer()} make it refuse connections and come back on the same port.
 */
public class MailServer implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail mail;
    private static int port;

    @Override
    public synchronized Map<String, String> start() {
        if (mail == null) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            startServer();
        }
        return Map.of("duban.notification.smtp.host", "127.0.0.1", "duban.notification.smtp.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        // lives for the JVM: later test classes with the same resources reuse it
    }

    public static synchronized void startServer() {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    public static synchronized void stopServer() {
        mail.stop();
    }

    public static int port() {
        return port;
    }

    /** Every message received so far for {@code address}. */
    public static List<MimeMessage> to(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> addressedTo(m, address)).toList();
    }

    public static int count() {
        return mail.getReceivedMessages().length;
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(MimeMessage m) {
        try {
            Object content = m.getContent();
            return content instanceof String s ? s : String.valueOf(content);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean addressedTo(MimeMessage m, String address) {
        try {
            Address[] to = m.getAllRecipients();
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            return false;
        }
    }
}
