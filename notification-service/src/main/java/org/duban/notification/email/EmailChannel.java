package org.duban.notification.email;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

import org.duban.notification.delivery.Channel;
import org.duban.notification.recipient.Recipients;

/**
 * Email over SMTP with quarkus-mailer (host, port, sender: {@code quarkus.mailer.*}). The blocking {@link Mailer}
 * returns only once the server accepted the message, so a delivery is SENT only when it really was.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    @Inject
    Mailer mailer;

    @Override
    public String name() {
        return Recipients.EMAIL;
    }

    @Override
    public void send(Outgoing outgoing) {
        mailer.send(Mail.withText(outgoing.recipient(), outgoing.notice().subject(), outgoing.notice().text())
                .addHeader("X-Duban-Delivery", outgoing.deliveryId().toString())
                .addHeader("X-Duban-Event", outgoing.eventId().toString()));
    }
}
