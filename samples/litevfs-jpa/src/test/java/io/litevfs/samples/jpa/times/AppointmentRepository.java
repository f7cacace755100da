package io.litevfs.samples.jpa.times;

import org.springframework.data.jpa.repository.JpaRepository;

import java.time.Instant;
import java.util.List;

interface AppointmentRepository extends JpaRepository<Appointment, Long> {

    List<Appointment> findByBookedAtBetweenOrderByBookedAt(Instant from, Instant to);
}
