package io.switchboard.customer;

/**
 * Delivers a one-time code to a phone number. The default writes it to the server log; an SMS
 * provider is plugged in by providing another bean of this type.
 */
public interface PhoneVerifier {

    void send(String phone, String code);
}
