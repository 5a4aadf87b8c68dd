/**
 * The vehicle classes of a DfT annual average daily flow (AADF) file, as its columns name them and as a
 * traffic layer's columns hold them, in the file's order. The import reads them; the transient
 * population figure adds them up.
 */
export const VEHICLE_CLASSES = [
  ['pedal_cycles', 'pedalCycles'],
  ['two_wheeled_motor_vehicles', 'twoWheeledMotorVehicles'],
  ['cars_and_taxis', 'carsAndTaxis'],
  ['buses_and_coaches', 'busesAndCoaches'],
  ['lgvs', 'lgvs'],
  ['hgvs_2_rigid_axle', 'hgvs2RigidAxle'],
  ['hgvs_3_rigid_axle', 'hgvs3RigidAxle'],
  ['hgvs_4_or_more_rigid_axle', 'hgvs4OrMoreRigidAxle'],
  ['hgvs_3_or_4_articulated_axle', 'hgvs3Or4ArticulatedAxle'],
  ['hgvs_5_articulated_axle', 'hgvs5ArticulatedAxle'],
  ['hgvs_6_articulated_axle', 'hgvs6ArticulatedAxle'],
  ['all_hgvs', 'allHgvs'],
] as const satisfies readonly (readonly [column: string, attribute: string])[];

export const VEHICLE_CLASS_ATTRIBUTES = VEHICLE_CLASSES.map(([, attribute]) => attribute);
