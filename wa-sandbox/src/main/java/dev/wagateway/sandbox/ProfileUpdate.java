package dev.wagateway.sandbox;

import java.util.List;
import java.util.Map;

/**
 * A change to a phone's profile through {@code PATCH /sandbox/phones/{phone}/profile}; null parts stay as they are.
 *
 * @param pictureBase64 a JPEG, base64
 * @param privacy       by the control API's names ({@code last_seen}, {@code profile}, {@code status},
 *                      {@code group_add}, {@code read_receipts}, {@code online}...)
 * @param blocked       the whole block list: phones or user JIDs
 */
public record ProfileUpdate(String status, String pictureBase64, Map<String, String> privacy, List<String> blocked) {
}
