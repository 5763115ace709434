package dev.wagateway.core.apikey;

import java.util.Objects;

/** Who an API key belongs to; email and phone are empty strings when not given. */
public record Customer(String name, String email, String phone) {

    /** Checks presence; absent email and phone become empty. */
    public Customer {
        Objects.requireNonNull(name, "name");
        email = email == null ? "" : email;
        phone = phone == null ? "" : phone;
    }
}
