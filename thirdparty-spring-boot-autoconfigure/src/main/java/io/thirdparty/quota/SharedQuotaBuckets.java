package io.thirdparty.quota;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Buckets that every instance of the application shares, one per key: what makes a quota
 * a quota of the fleet rather than of one instance. The starter's implementation keeps
 * them in Redis ({@link LettuceQuotaBuckets}); replace the bean to keep them elsewhere.
 */
public interface SharedQuotaBuckets {

	/**
	 * Returns the shared bucket under a key, created with the given configuration by
	 * whichever instance uses it first; the caller keeps it for every later request. The
	 * bucket's operations may fail when the store is unreachable; the quota then counts
	 * locally.
	 * @param key the bucket's key
	 * @param configuration the configuration of a bucket not created yet
	 * @return the bucket, or {@code null} when the store is not ready yet (another thread
	 * is connecting to it), in which case this one call counts locally
	 * @throws RuntimeException when the store cannot be reached
	 */
	Bucket bucket(String key, BucketConfiguration configuration);

	/**
	 * Names where the buckets are kept, for logs.
	 * @return e.g. {@code Redis}
	 */
	String describe();

}
