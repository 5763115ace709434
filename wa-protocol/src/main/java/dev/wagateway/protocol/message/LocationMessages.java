package dev.wagateway.protocol.message;

import dev.wagateway.protocol.proto.Message;

/** {@code locationMessage} (5): a static pin. */
public final class LocationMessages {

    private LocationMessages() {
    }

    /**
     * A location.
     *
     * @param name    the place's name, or null
     * @param address its address, or null
     * @throws IllegalArgumentException when latitude is outside ±90 or longitude outside ±180 (or not a number)
     */
    public static Message location(double latitude, double longitude, String name, String address) {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("latitude must be within ±90 and longitude within ±180");
        }
        Message.LocationMessage.Builder location = Message.LocationMessage.newBuilder()
                .setDegreesLatitude(latitude).setDegreesLongitude(longitude);
        if (name != null && !name.isBlank()) {
            location.setName(name);
        }
        if (address != null && !address.isBlank()) {
            location.setAddress(address);
        }
        return Message.newBuilder().setLocationMessage(location).build();
    }
}
