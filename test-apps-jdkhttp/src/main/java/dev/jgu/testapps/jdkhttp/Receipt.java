package dev.jgu.testapps.jdkhttp;

/**
 * What the shop answers to an order.
 *
 * @param item what was ordered
 * @param quantity how many
 * @param unitCents the price of one
 * @param totalCents the price of all
 * @param notes how many note lines came with the order
 * @param worker the pid of the worker JVM that answered
 */
public record Receipt(String item, int quantity, long unitCents, long totalCents, int notes, long worker) {
}
