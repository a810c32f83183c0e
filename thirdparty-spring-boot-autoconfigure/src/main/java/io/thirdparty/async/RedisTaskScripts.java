package io.thirdparty.async;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@link RedisTaskBackend}: each change of the queue that touches more
 * than one key runs as one script, so that a crash never leaves a task recorded but not
 * queued, or finished but still queued.
 */
final class RedisTaskScripts {

	/**
	 * Records a task and queues its message. With an idempotency key (the optional last
	 * key) a retained key with the same fingerprint answers the earlier task, one with
	 * another fingerprint answers a conflict; the key's value is
	 * {@code <task id> <fingerprint>}.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> SUBMIT = RedisScript.of("""
			if KEYS[3] then
				local existing = redis.call('GET', KEYS[3])
				if existing then
					local space = string.find(existing, ' ', 1, true)
					if not space then return {'existing', existing} end
					if string.sub(existing, space + 1) ~= ARGV[6] then return {'conflict', ''} end
					return {'existing', string.sub(existing, 1, space - 1)}
				end
				redis.call('SET', KEYS[3], ARGV[1] .. ' ' .. ARGV[6], 'PX', ARGV[2])
			end
			redis.call('HSET', KEYS[1], 'status', 'PROCESSING', 'kind', ARGV[3], 'name', ARGV[4], 'created', ARGV[5],
				'attempts', '0', 'settled', '0')
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			redis.call('XADD', KEYS[2], '*', unpack(ARGV, 7))
			return {'created', ARGV[1]}
			""", List.class);

	/**
	 * Counts a run; answers the status, the runs, the last error and how many earlier
	 * runs began and never reported an outcome (settled runs are counted by
	 * {@link #RECORD_FAILURE}).
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> BEGIN = RedisScript.of(
			"""
					local status = redis.call('HGET', KEYS[1], 'status')
					if status == 'SUCCESS' or status == 'FAILED' then
						return {status, redis.call('HGET', KEYS[1], 'attempts') or '0', redis.call('HGET', KEYS[1], 'error') or '',
							'0'}
					end
					if not status then
						redis.call('HSET', KEYS[1], 'status', 'PROCESSING', 'kind', ARGV[2], 'name', ARGV[3], 'created', ARGV[4])
						if KEYS[2] then redis.call('SET', KEYS[2], ARGV[5] .. ' ' .. ARGV[6], 'PX', ARGV[1]) end
					end
					local settled = tonumber(redis.call('HGET', KEYS[1], 'settled') or '0')
					local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
					redis.call('PEXPIRE', KEYS[1], ARGV[1])
					if KEYS[2] then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
					return {'PROCESSING', tostring(attempts), redis.call('HGET', KEYS[1], 'error') or '',
						tostring(attempts - 1 - settled)}
					""",
			List.class);

	static final RedisScript<Long> SUCCEED = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'status', 'SUCCESS', 'result', ARGV[4], 'finished', ARGV[5])
			redis.call('HDEL', KEYS[1], 'error')
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			if KEYS[3] then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
			redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[2], ARGV[2])
			""", Long.class);

	static final RedisScript<Long> RECORD_FAILURE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'error', ARGV[2])
			redis.call('HINCRBY', KEYS[1], 'settled', 1)
			if KEYS[2] then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
			return redis.call('PEXPIRE', KEYS[1], ARGV[1])
			""", Long.class);

	static final RedisScript<Long> DEAD_LETTER = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'status', 'FAILED', 'error', ARGV[4], 'finished', ARGV[5])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			if KEYS[4] then redis.call('PEXPIRE', KEYS[4], ARGV[3]) end
			redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', unpack(ARGV, 7))
			redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[2], ARGV[2])
			""", Long.class);

	static final RedisScript<Long> DISCARD = RedisScript.of("""
			redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 4))
			redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[1], ARGV[2])
			""", Long.class);

	static final RedisScript<Long> ACKNOWLEDGE = RedisScript.of("""
			redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[1], ARGV[2])
			""", Long.class);

	/**
	 * Re-claims the given entries for their owner (resetting their idle time); returns
	 * the ones another consumer owns now. Entries no longer pending (just settled) are
	 * skipped.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> KEEP_ALIVE = RedisScript.of("""
			local lost = {}
			for i = 3, #ARGV do
				local entry = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
				if entry[1] then
					if entry[1][2] == ARGV[2] then
						redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
					else
						table.insert(lost, ARGV[i])
					end
				end
			end
			return lost
			""", List.class);

	/**
	 * Moves the given entries of an owner to the parking consumer, already idle past the
	 * claim timeout.
	 */
	static final RedisScript<Long> HAND_BACK = RedisScript.of("""
			local moved = 0
			for i = 5, #ARGV do
				local entry = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
				if entry[1] and entry[1][2] == ARGV[2] then
					redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[4], 0, ARGV[i], 'IDLE', ARGV[3], 'JUSTID')
					moved = moved + 1
				end
			end
			return moved
			""", Long.class);

	private RedisTaskScripts() {
	}

}
