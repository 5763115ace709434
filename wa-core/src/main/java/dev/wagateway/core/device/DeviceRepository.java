package dev.wagateway.core.device;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Port: where devices live. Every write is committed when the call returns. */
public interface DeviceRepository {

    /**
     * Inserts {@code device} unless its API key already owns {@code maxDevices} devices (of any status); the count
     * and the insert are one atomic step, so concurrent creations cannot exceed the limit.
     *
     * @return false when the limit is reached
     */
    boolean insertWithinLimit(Device device, int maxDevices);

    /** The device with this id. */
    Optional<Device> find(UUID id);

    /** The devices of one API key, newest first. */
    List<Device> listByApiKey(long apiKeyId);

    /** Every device with its customer's name, newest first. */
    List<DeviceListing> listAll();

    /** Devices that paired once and were not logged out: the ones to restore at boot. */
    List<Device> listRestorable();

    /** Increments the token version and touches {@code last_active_at}; the new version, empty if no such device. */
    OptionalInt incrementJwtVersion(UUID id, Instant now);

    /** Sets the status and touches {@code last_active_at}; false when the device is gone. */
    boolean updateStatus(UUID id, DeviceStatus status, Instant now);

    /**
     * Records a pairing: stores {@code jid}, sets the status to active, and clears the same JID from any other
     * device (a WhatsApp session belongs to one device).
     */
    boolean recordPaired(UUID id, String jid, Instant now);

    /** Deletes the device (its webhooks and messages cascade); false when it did not exist. */
    boolean delete(UUID id);

    /** Totals per status. */
    DeviceCounts counts();
}
