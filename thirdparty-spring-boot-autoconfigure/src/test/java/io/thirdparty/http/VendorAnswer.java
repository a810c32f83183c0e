package io.thirdparty.http;

/**
 * What a fake vendor answers.
 *
 * @param vendor the name of the vendor that answered
 */
public record VendorAnswer(String vendor) {
}
