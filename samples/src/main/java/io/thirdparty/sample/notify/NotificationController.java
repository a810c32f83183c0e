package io.thirdparty.sample.notify;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.thirdparty.sample.notify.NotificationSender.Notification;

/**
 * {@code POST /notifications}: queues a notification and answers {@code 202} with its
 * task id before any vendor is called.
 */
@RestController
class NotificationController {

	private final NotificationSender sender;

	NotificationController(NotificationSender sender) {
		this.sender = sender;
	}

	@PostMapping("/notifications")
	ResponseEntity<Map<String, String>> send(@RequestBody Notification notification) {
		if (!StringUtils.hasText(notification.id()) || !StringUtils.hasText(notification.to())
				|| !StringUtils.hasText(notification.text())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "id, to and text are required");
		}
		String taskId = this.sender.send(notification);
		return ResponseEntity.accepted().body(Map.of("taskId", taskId, "check", "/third-party/tasks/" + taskId));
	}

}
