<?php
/**
 * The widget markup shared by the shortcodes and the block: one custom element
 * of the hub's /embed/v1/widgets.js, configured by attributes, with a plain
 * link to the hub as its content (what visitors see when JavaScript does not run).
 *
 * @package FlandersHub
 */

defined( 'ABSPATH' ) || exit;

/**
 * Shortcodes, attribute cleaning, markup and the widget script.
 */
final class Flanders_Hub_Widgets {

	const SCRIPT_HANDLE = 'flanders-hub-widgets';
	const SCRIPT_PATH   = '/embed/v1/widgets.js';
	const LANGUAGES     = array( 'nl', 'en', 'fr', 'de' );
	const LAYOUTS       = array( 'list', 'cards', 'compact' );
	const TIME_ZONES    = array( 'event', 'visitor' );
	const WHEN          = array( 'upcoming', 'past', 'all' );
	const LIMIT_MIN     = 1;
	const LIMIT_MAX     = 100; // The read API's largest page_size.
	const MAX_LENGTH    = 200; // Longer filter values are never valid ids or slugs.

	/** Filters of the read API's /events/ resource, in output order. */
	const EVENT_FILTERS = array( 'organiser', 'institution', 'representation', 'country', 'discipline', 'type', 'audience', 'language', 'when' );

	/** Presentation attributes every element takes. */
	const DISPLAY = array( 'limit', 'layout', 'lang', 'theme', 'time-zone', 'hub' );

	/**
	 * The widgets: their filters, the hub page of the fallback link and the
	 * filters that page understands.
	 *
	 * @return array<string, array{filters: string[], page: string, link_filters: string[]}>
	 */
	public static function widgets() {
		$listing = array( 'organiser', 'institution', 'country', 'discipline', 'type', 'audience', 'when' );
		return array(
			'events'    => array(
				'filters'      => self::EVENT_FILTERS,
				'page'         => 'events',
				'link_filters' => $listing,
			),
			'calendar'  => array(
				'filters'      => self::EVENT_FILTERS,
				'page'         => 'events',
				'link_filters' => $listing,
			),
			'expertise' => array(
				'filters'      => array( 'institution', 'discipline', 'country' ),
				'page'         => 'expertise',
				'link_filters' => array( 'institution', 'discipline', 'country' ),
			),
			// The search page refuses parameters it does not know: link to it plain.
			'search'    => array(
				'filters'      => self::EVENT_FILTERS,
				'page'         => 'search',
				'link_filters' => array(),
			),
		);
	}

	/**
	 * Link texts of the fallback, in the widget's language (not the site's:
	 * the link leads to the hub's pages in that language).
	 */
	const FALLBACK_TEXTS = array(
		'events'    => array(
			'nl' => 'Evenementen op de Vlaamse academische hub',
			'en' => 'Events on the Flanders Academic Hub',
			'fr' => 'Événements sur le Hub académique de Flandre',
			'de' => 'Veranstaltungen im Akademischen Hub Flandern',
		),
		'calendar'  => array(
			'nl' => 'Evenementenkalender op de Vlaamse academische hub',
			'en' => 'Event calendar on the Flanders Academic Hub',
			'fr' => 'Calendrier des événements sur le Hub académique de Flandre',
			'de' => 'Veranstaltungskalender im Akademischen Hub Flandern',
		),
		'expertise' => array(
			'nl' => 'Vlaamse onderzoeksexpertise op de Vlaamse academische hub',
			'en' => 'Flemish research expertise on the Flanders Academic Hub',
			'fr' => 'Expertise de recherche flamande sur le Hub académique de Flandre',
			'de' => 'Flämische Forschungsexpertise im Akademischen Hub Flandern',
		),
		'search'    => array(
			'nl' => 'Zoeken in de Vlaamse academische hub',
			'en' => 'Search the Flanders Academic Hub',
			'fr' => 'Rechercher dans le Hub académique de Flandre',
			'de' => 'Im Akademischen Hub Flandern suchen',
		),
	);

	/**
	 * Registers the shortcodes and the defer fallback for WordPress < 6.3.
	 */
	public static function init() {
		add_action( 'init', array( __CLASS__, 'register_shortcodes' ) );
		add_filter( 'script_loader_tag', array( __CLASS__, 'defer_script_tag' ), 10, 2 );
	}

	/**
	 * [flanders_events], [flanders_calendar], [flanders_expertise], [flanders_search].
	 */
	public static function register_shortcodes() {
		foreach ( array_keys( self::widgets() ) as $widget ) {
			add_shortcode(
				'flanders_' . $widget,
				function ( $atts ) use ( $widget ) {
					return Flanders_Hub_Widgets::shortcode( $widget, $atts );
				}
			);
		}
	}

	/**
	 * Renders one shortcode: shortcode_atts() drops unknown attribute names.
	 *
	 * @param string       $widget Widget name (events, calendar, ...).
	 * @param array|string $atts   Attributes as parsed by WordPress ('' when none).
	 * @return string HTML.
	 */
	public static function shortcode( $widget, $atts ) {
		$names    = self::attribute_names( $widget );
		$defaults = array_fill_keys( $names, '' );
		$atts     = shortcode_atts( $defaults, is_array( $atts ) ? $atts : array(), 'flanders_' . $widget );
		return self::render( $widget, $atts );
	}

	/**
	 * The attribute names a widget accepts, in output order.
	 *
	 * @param string $widget Widget name.
	 * @return string[]
	 */
	public static function attribute_names( $widget ) {
		$widgets = self::widgets();
		if ( ! isset( $widgets[ $widget ] ) ) {
			return array();
		}
		return array_merge( array( 'hub', 'lang' ), $widgets[ $widget ]['filters'], array_diff( self::DISPLAY, array( 'hub', 'lang' ) ) );
	}

	/**
	 * Cleans the attributes and returns the element with its fallback link,
	 * and enqueues the widget script. Shared by the shortcodes and the block.
	 *
	 * @param string $widget Widget name (events, calendar, expertise, search).
	 * @param array  $atts   Attribute name => value; unknown names are dropped.
	 * @return string HTML.
	 */
	public static function render( $widget, $atts ) {
		$widgets = self::widgets();
		if ( ! isset( $widgets[ $widget ] ) ) {
			return '';
		}
		$settings = Flanders_Hub_Settings::get();
		$clean    = self::clean_attributes( $widget, is_array( $atts ) ? $atts : array(), $settings );
		if ( '' === $clean['hub'] ) {
			return self::missing_hub_notice();
		}

		$html = '<flanders-' . $widget;
		foreach ( $clean as $name => $value ) {
			if ( '' !== $value ) {
				$html .= ' ' . $name . '="' . esc_attr( $value ) . '"';
			}
		}
		$html .= '>' . self::fallback_link( $widget, $clean ) . '</flanders-' . $widget . '>';

		$site_hub = self::normalise_hub_url( $settings['hub_url'] );
		self::enqueue_script( null !== $site_hub ? $site_hub : $clean['hub'] );
		return $html;
	}

	/**
	 * Keeps known names with valid values, in a stable order; fills in the
	 * hub, language and theme from the settings.
	 *
	 * @param string $widget   Widget name.
	 * @param array  $atts     Raw attributes.
	 * @param array  $settings Plugin settings (Flanders_Hub_Settings::get()).
	 * @return array<string, string>
	 */
	public static function clean_attributes( $widget, $atts, $settings ) {
		$clean = array();
		foreach ( self::attribute_names( $widget ) as $name ) {
			$value          = isset( $atts[ $name ] ) ? self::clean_value( $name, $atts[ $name ] ) : '';
			$clean[ $name ] = null === $value ? '' : $value;
		}
		// Stored settings are checked again: another plugin may have written them.
		if ( '' === $clean['hub'] ) {
			$clean['hub'] = (string) self::normalise_hub_url( $settings['hub_url'] );
		}
		if ( '' === $clean['lang'] ) {
			$clean['lang'] = self::default_language( $settings );
		}
		if ( '' === $clean['theme'] ) {
			$clean['theme'] = (string) self::clean_value( 'theme', $settings['theme'] );
		}
		return $clean;
	}

	/**
	 * One attribute value, or null when it is not valid for that name.
	 *
	 * @param string $name  Attribute name.
	 * @param mixed  $value Raw value.
	 * @return string|null
	 */
	public static function clean_value( $name, $value ) {
		if ( ! is_scalar( $value ) ) {
			return null;
		}
		// Control characters never belong in a filter; NUL makes the API answer 400.
		$value = trim( (string) preg_replace( '/[\x00-\x1f\x7f]/', '', (string) $value ) );
		if ( '' === $value || strlen( $value ) > self::MAX_LENGTH ) {
			return null;
		}
		switch ( $name ) {
			case 'limit':
				if ( ! preg_match( '/^[+-]?\d+$/', $value ) ) {
					return null;
				}
				return (string) max( self::LIMIT_MIN, min( self::LIMIT_MAX, (int) $value ) );
			case 'layout':
				return self::one_of( $value, self::LAYOUTS );
			case 'lang':
				return self::one_of( $value, self::LANGUAGES );
			case 'time-zone':
				return self::one_of( $value, self::TIME_ZONES );
			case 'when':
				return self::one_of( $value, self::WHEN );
			case 'country':
				return preg_match( '/^[A-Za-z]{2}$/', $value ) ? strtoupper( $value ) : null;
			case 'theme':
				return preg_match( '/^[a-z0-9][a-z0-9_-]{0,63}$/i', $value ) ? strtolower( $value ) : null;
			case 'hub':
				return self::normalise_hub_url( $value );
		}
		return $value;
	}

	/**
	 * An http(s) base URL without query, fragment or trailing slash, or null.
	 *
	 * @param string $url Raw URL.
	 * @return string|null
	 */
	public static function normalise_hub_url( $url ) {
		$url = trim( (string) $url );
		if ( '' === $url || esc_url_raw( $url, array( 'http', 'https' ) ) !== $url ) {
			return null;
		}
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) || ! isset( $parts['scheme'] )
			|| ! in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true )
			|| isset( $parts['query'] ) || isset( $parts['fragment'] ) || isset( $parts['user'] ) ) {
			return null;
		}
		return rtrim( $url, '/' );
	}

	/**
	 * The settings' default language; '' there follows the site's language.
	 *
	 * @param array $settings Plugin settings.
	 * @return string
	 */
	public static function default_language( $settings ) {
		if ( in_array( $settings['lang'], self::LANGUAGES, true ) ) {
			return $settings['lang'];
		}
		$site = strtolower( substr( (string) determine_locale(), 0, 2 ) );
		return in_array( $site, self::LANGUAGES, true ) ? $site : 'en';
	}

	/**
	 * The link to the filtered hub page, the element's light-DOM content.
	 *
	 * @param string $widget Widget name.
	 * @param array  $clean  Cleaned attributes.
	 * @return string HTML.
	 */
	public static function fallback_link( $widget, $clean ) {
		$widgets = self::widgets();
		$lang    = $clean['lang'];
		$query   = array();
		foreach ( $widgets[ $widget ]['link_filters'] as $name ) {
			if ( isset( $clean[ $name ] ) && '' !== $clean[ $name ] ) {
				$query[ $name ] = $clean[ $name ];
			}
		}
		// The events listing takes representations as organisers.
		if ( 'events' === $widgets[ $widget ]['page'] && empty( $query['organiser'] ) && '' !== $clean['representation'] ) {
			$query = array( 'organiser' => $clean['representation'] ) + $query;
		}
		$url = $clean['hub'] . '/' . $lang . '/' . $widgets[ $widget ]['page'] . '/';
		if ( $query ) {
			$url .= '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
		}
		$text = apply_filters( 'flanders_hub_fallback_text', self::FALLBACK_TEXTS[ $widget ][ $lang ], $widget, $lang );
		return '<a class="flanders-hub-fallback" href="' . esc_url( $url, array( 'http', 'https' ) ) . '">' . esc_html( $text ) . '</a>';
	}

	/**
	 * Without a hub URL there is nothing to show: editors get a hint, visitors nothing.
	 *
	 * @return string HTML.
	 */
	public static function missing_hub_notice() {
		if ( ! current_user_can( 'edit_posts' ) ) {
			return '';
		}
		return '<p class="flanders-hub-notice">' . esc_html__( 'Flanders Academic Hub: set the hub URL under Settings > Flanders Academic Hub to show this widget.', 'flanders-hub' ) . '</p>';
	}

	/**
	 * Enqueues /embed/v1/widgets.js once per page, deferred, in the footer.
	 * WordPress ignores the same handle enqueued again.
	 *
	 * @param string $hub Hub base URL.
	 */
	public static function enqueue_script( $hub ) {
		if ( wp_script_is( self::SCRIPT_HANDLE, 'enqueued' ) ) {
			return;
		}
		// No ?ver=: the script is versioned by its path and cached by the hub.
		wp_enqueue_script(
			self::SCRIPT_HANDLE,
			$hub . self::SCRIPT_PATH,
			array(),
			null,
			array(
				'in_footer' => true,
				'strategy'  => 'defer',
			)
		);
	}

	/**
	 * WordPress < 6.3 ignores the loading strategy: add defer to the tag.
	 *
	 * @param string $tag    The script tag.
	 * @param string $handle Script handle.
	 * @return string
	 */
	public static function defer_script_tag( $tag, $handle ) {
		if ( self::SCRIPT_HANDLE !== $handle || preg_match( '/<script[^>]*\sdefer[\s=>]/i', $tag ) ) {
			return $tag;
		}
		return preg_replace( '/<script\b/i', '<script defer', $tag, 1 );
	}

	/**
	 * The value lower-cased when it is one of the choices, else null.
	 *
	 * @param string   $value   Raw value.
	 * @param string[] $choices Allowed values.
	 * @return string|null
	 */
	private static function one_of( $value, $choices ) {
		$value = strtolower( $value );
		return in_array( $value, $choices, true ) ? $value : null;
	}
}
