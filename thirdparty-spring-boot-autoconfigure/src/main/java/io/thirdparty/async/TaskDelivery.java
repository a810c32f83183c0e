package io.thirdparty.async;

/**
 * A message handed to this instance's worker, with the queue's id for it (the stream
 * entry id in Redis), which acknowledging, claiming and handing back refer to.
 *
 * @param id the queue's id of the delivery
 * @param message the message
 */
public record TaskDelivery(String id, TaskMessage message) {
}
