package io.thirdparty.callback;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Literal addresses and CIDR blocks, without host name lookups.
 */
class AddressBlockTests {

	@Test
	void ipv4BlockContainsItsAddressesOnly() {
		AddressBlock block = AddressBlock.parse("203.0.113.0/24");
		assertThat(block.contains(AddressBlock.literal("203.0.113.200"))).isTrue();
		assertThat(block.contains(AddressBlock.literal("203.0.114.1"))).isFalse();
	}

	@Test
	void oddPrefixLengthsMaskPartOfAByte() {
		AddressBlock block = AddressBlock.parse("10.0.0.64/27");
		assertThat(block.contains(AddressBlock.literal("10.0.0.95"))).isTrue();
		assertThat(block.contains(AddressBlock.literal("10.0.0.96"))).isFalse();
	}

	@Test
	void singleAddressIsABlockOfOne() {
		AddressBlock block = AddressBlock.parse("127.0.0.1");
		assertThat(block.contains(AddressBlock.literal("127.0.0.1"))).isTrue();
		assertThat(block.contains(AddressBlock.literal("127.0.0.2"))).isFalse();
	}

	@Test
	void ipv6BlockContainsItsAddressesAndNoIpv4() {
		AddressBlock block = AddressBlock.parse("2001:db8::/32");
		assertThat(block.contains(AddressBlock.literal("[2001:db8:1::7]"))).isTrue();
		assertThat(block.contains(AddressBlock.literal("2001:db9::1"))).isFalse();
		assertThat(block.contains(AddressBlock.literal("32.1.13.184"))).isFalse();
	}

	@Test
	void hostNamesAreNeitherBlocksNorLiterals() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.parse("proxy.internal"));
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.parse("abc"));
		assertThat(AddressBlock.literal("localhost")).isNull();
		assertThat(AddressBlock.literal("unknown")).isNull();
		assertThat(AddressBlock.literal("999.1.1.1")).isNull();
	}

	@Test
	void prefixLongerThanTheAddressIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.parse("10.0.0.0/33"));
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.parse("10.0.0.0/x"));
	}

}
